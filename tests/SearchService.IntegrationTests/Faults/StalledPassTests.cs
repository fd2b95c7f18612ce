using Mono.Unix.Native;
using SearchService.Testing;

namespace SearchService.IntegrationTests.Faults;

/// <summary>
/// A pass that stops making progress is detected and does not hold the service: a real kernel stall, not a stub.
/// A write lease (<c>fcntl(F_SETLEASE, F_WRLCK)</c>) held by this test process on a source file makes the service's
/// <c>open</c> of it block until the lease is released or the kernel breaks it (<c>lease-break-time</c>, 45 s), as a
/// read on a hung network mount would.
/// </summary>
public sealed class StalledPassTests : IDisposable
{
    private readonly TemporaryFolder _folder = new("searchservice-stall-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task PassStuckOpeningASource_IsReportedAndSkipped_AndTheOtherSourcesAreStillIndexed()
    {
        var seeds = Path.Combine(_folder.Path, "seeds");
        Directory.CreateDirectory(seeds);
        var leased = Path.Combine(seeds, "aa_leased.txt");
        File.WriteAllText(leased, "Leased\n\nThe lemur report.\n");
        File.WriteAllText(Path.Combine(seeds, "zz_after.txt"), "After\n\nThe gecko report.\n");

        // The kernel tells a lease holder of a conflicting open with SIGIO, whose default action ends the process.
        Assert.Equal(0, Stdlib.SetSignalAction(Signum.SIGIO, SignalAction.Ignore));
        var lease = Syscall.open(leased, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        Assert.True(lease >= 0);
        try
        {
            Assert.Equal(0, Syscall.fcntl(lease, FcntlCommand.F_SETLEASE, (long)LockType.F_WRLCK));

            await using var service = ServiceProcess.Start(seeds, Path.Combine(_folder.Path, "index"), new Dictionary<string, string>
            {
                ["Search__StallTimeout"] = "00:00:02",
            });

            // Without the watchdog the first pass sits in open() until the kernel breaks the lease: not ready, no report.
            await service.WaitUntilReadyAsync();
            await service.WaitUntilAsync(
                async () => (await (await service.Http.GetAsync("/search?q=gecko&mode=lexical")).JsonAsync()).Results().Any(),
                "the file after the stuck one to be indexed");

            var health = await (await service.Http.GetAsync("/health/ready")).JsonAsync();
            Assert.Equal("Degraded", health.Str("status"));
            var description = health.GetProperty("checks").GetProperty("index").Str("description");
            Assert.Contains("no progress", description, StringComparison.Ordinal);
            Assert.Contains("aa_leased.txt", description, StringComparison.Ordinal);
            var stats = await (await service.Http.GetAsync("/stats")).JsonAsync();
            Assert.Contains("no progress", stats.Str("problem"), StringComparison.Ordinal);
            var documents = (await (await service.Http.GetAsync("/documents")).JsonAsync()).EnumerateArray().ToDictionary(d => d.Str("documentId"));
            Assert.Equal("skipped", documents["aa_leased"].Str("status"));
            Assert.Contains("no progress", documents["aa_leased"].Str("problem"), StringComparison.Ordinal);
            Assert.Contains("made no progress", service.Log, StringComparison.Ordinal);
        }
        finally
        {
            Syscall.close(lease);
        }
    }
}
