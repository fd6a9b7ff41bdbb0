namespace Nsat.Image;

/// <summary>
/// The shape of one synapse list (<see cref="SynapseTable.ListRuns"/>): when <see cref="Step"/> is +1 or −1,
/// synapse i of the list (from 0) has post neuron <see cref="FirstPost"/> + Step·i and cell
/// <see cref="FirstCell"/> + Step·i, so a kernel can compute them instead of loading them from the table
/// (whose entries for a list are rarely in the cache when the list is reached). Step 0: no such shape
/// (the first values are then those of the list's first synapse, or 0 for an empty list).
/// </summary>
/// <param name="Step">+1, −1 or 0.</param>
/// <param name="FirstPost">Post neuron of the list's first synapse.</param>
/// <param name="FirstCell">Weight cell of the list's first synapse.</param>
internal readonly record struct ListRun(int Step, int FirstPost, int FirstCell);
