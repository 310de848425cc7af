// A generic host records a session through dependency injection: the factory starts each session's recorder on the
// configured store and pipeline. Usage: IntroGenericHost [STORE-ROOT] [SESSION-ID]
using InterviewLM.Recording;
using InterviewLM.Recording.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder();
builder.Services.AddInterviewRecording(options =>
{
    options.StoreRoot = args.Length > 0 ? args[0] : "sessions";
    options.Environment["host"] = "IntroGenericHost";
});
builder.Services.AddHostedService<InterviewService>();
using var host = builder.Build();
await host.RunAsync();

/// <summary>Records one interview session, then stops the host.</summary>
internal sealed class InterviewService(ISessionRecorderFactory recorders, IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sessionId = Environment.GetCommandLineArgs() is { Length: > 2 } a ? a[2] : "sess_host";
        await using (var recorder = await recorders.StartAsync(sessionId, assessmentId: "asm_1", candidateId: "cand_7", stoppingToken))
        {
            recorder.Record(new FileCreated("f1", "main.py", "python"));
            recorder.Record(new TextEdited("f1", new[] { new TextChange(0, 0, "print('hi')\n") }));
            recorder.Record(new TerminalOutput("$ python main.py\r\nhi\r\n"));
            recorder.Record(new ClaudeInteraction("msg_1", "claude-sonnet-4-5", "Why hi?", "Tradition.", ClaudeUsage.None, TimeSpan.FromSeconds(1)));
            await recorder.CompleteAsync(cancellationToken: stoppingToken);
        }

        Console.WriteLine($"recorded {sessionId}");
        lifetime.StopApplication();
    }
}
