using System.Diagnostics;
using System.Text.Json;

namespace InterviewLM.Recording.Terminal.Tests;

/// <summary>Runs @xterm/headless (../shared/peers, the same setup as vt.mjs) as a child process.</summary>
internal static class XtermOracle
{
    // vt.mjs's loader and terminal options, extended to print the screen at several moments in one run.
    private const string Script = """
        const path = require('node:path'); const fs = require('node:fs');
        const peers = process.argv[2]; const jobs = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
        const req = require('node:module').createRequire(path.join(peers, 'package.json'));
        const { Terminal } = req('@xterm/headless'); const { Unicode11Addon } = req('@xterm/addon-unicode11');
        function load(file) {
          const text = fs.readFileSync(file, 'utf8');
          if (text.trimStart().startsWith('{') && !text.includes('\n{') && file.endsWith('.json')) {
            const j = JSON.parse(text); let t = 0; return { cols: j.width, rows: j.height, ev: j.stdout.map(([d, s]) => [t += d, 'o', s]) };
          }
          const lines = text.split('\n').filter(l => l.trim().length && !l.startsWith('#'));
          const h = JSON.parse(lines[0]); const v3 = h.version === 3;
          const cols = v3 ? h.term.cols : h.width, rows = v3 ? h.term.rows : h.height;
          let t = 0; const ev = [];
          for (const l of lines.slice(1)) { const [x, c, d] = JSON.parse(l); t = v3 ? t + x : x; ev.push([t, c, d]); }
          return { cols, rows, ev };
        }
        // xterm.js can throw from inside its own write loop on states it corrupted itself; note it and go on.
        let onFailure = null;
        process.on('uncaughtException', () => { if (onFailure) onFailure(); });
        (async () => {
          const results = [];
          for (const job of jobs) {
            const rec = load(job.file);
            const term = new Terminal({ cols: rec.cols, rows: rec.rows, allowProposedApi: true, scrollback: 0 });
            term.loadAddon(new Unicode11Addon()); term.unicode.activeVersion = '11';
            const out = []; let i = 0; let broken = false;
            for (const m of job.moments) {
              if (broken) { out.push(null); continue; }
              const until = m === null ? Infinity : m;
              await new Promise(res => {
                for (; i < rec.ev.length && rec.ev[i][0] <= until; i++) {
                  const [, c, d] = rec.ev[i];
                  try {
                    if (c === 'o') term.write(d);
                    else if (c === 'r') { const [w, h] = d.split('x').map(Number); term.resize(w, h); }
                  } catch (e) { broken = true; }
                }
                onFailure = () => { broken = true; res(); };
                term.write('', res);
              });
              onFailure = null;
              if (broken) { out.push(null); continue; }
              // xterm.js can get its own buffer into a broken state (a viewport past its lines); report that as null.
              try {
                const b = term.buffer.active; const lines = []; const attrs = [];
                for (let y = 0; y < term.rows; y++) {
                  const line = b.getLine(b.viewportY + y);
                  lines.push(line.translateToString(true));
                  // Colour and attribute runs of xterm.js's packed cell words (bg without HAS_EXTENDED, not modelled).
                  let runs = '', prev = null, count = 0, cell = undefined;
                  for (let x = 0; x < line.length; x++) {
                    cell = line.getCell(x, cell);
                    const key = (cell.fg >>> 0).toString(16) + ',' + ((cell.bg & ~0x10000000) >>> 0).toString(16);
                    if (key === prev) count++; else { if (prev !== null) runs += prev + '*' + count + ';'; prev = key; count = 1; }
                  }
                  if (prev !== null) runs += prev + '*' + count + ';';
                  attrs.push(runs);
                }
                out.push({ cols: term.cols, rows: term.rows, cursor: [b.cursorX, b.cursorY], alt: b.type === 'alternate', lines, attrs });
              } catch (e) { broken = true; out.push(null); }
            }
            results.push(out);
            term.dispose();
          }
          process.stdout.write(JSON.stringify(results));
        })();
        """;

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ScreenText, string[]> s_attributes = new();

    /// <summary>Gets the colour/attribute runs per line xterm.js reported with a screen (see VirtualTerminal.AttributeRuns).</summary>
    public static string[] AttributeRuns(ScreenText screen) =>
        s_attributes.TryGetValue(screen, out var runs) ? runs : throw new InvalidOperationException("No attributes for that screen.");

    private static readonly Lazy<string> s_scriptPath = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), $"ilmrec-vt-oracle-{Environment.ProcessId}.cjs");
        File.WriteAllText(path, Script);
        return path;
    });

    /// <summary>Gets the screens of <paramref name="castPath"/> at each moment (seconds; +∞ for the end).</summary>
    /// <exception cref="InvalidOperationException">xterm.js broke down on the cast.</exception>
    public static IReadOnlyList<ScreenText> Screens(string castPath, IReadOnlyList<double> moments) =>
        Screens([(castPath, moments)])[0].Select(s => s ?? throw new InvalidOperationException($"@xterm/headless broke down on {castPath}.")).ToList();

    /// <summary>Gets the screens of several casts in one node process.</summary>
    public static IReadOnlyList<IReadOnlyList<ScreenText?>> Screens(IReadOnlyList<(string CastPath, IReadOnlyList<double> Moments)> jobs)
    {
        var peers = VtTestPaths.Peers;
        if (!Directory.Exists(Path.Combine(peers, "node_modules", "@xterm", "headless")))
        {
            throw new InvalidOperationException($"@xterm/headless is missing: run `npm ci` in {peers}.");
        }

        var jobsPath = Path.Combine(Path.GetTempPath(), $"ilmrec-vt-jobs-{Guid.NewGuid():N}.json");
        File.WriteAllText(jobsPath, JsonSerializer.Serialize(jobs.Select(j => new
        {
            file = j.CastPath,
            moments = j.Moments.Select(m => double.IsPositiveInfinity(m) ? (double?)null : m).ToArray(),
        })));
        try
        {
            var psi = new ProcessStartInfo("node")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            psi.ArgumentList.Add(s_scriptPath.Value);
            psi.ArgumentList.Add(peers);
            psi.ArgumentList.Add(jobsPath);
            using var process = Process.Start(psi) ?? throw new InvalidOperationException("Cannot start node.");
            var stderrTask = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"node exited with {process.ExitCode}: {stderrTask.GetAwaiter().GetResult()}");
            }

            using var doc = JsonDocument.Parse(stdout);
            return doc.RootElement.EnumerateArray()
                .Select(screens => (IReadOnlyList<ScreenText?>)screens.EnumerateArray()
                    .Select(s =>
                    {
                        if (s.ValueKind == JsonValueKind.Null)
                        {
                            return null;
                        }

                        var screen = ScreenText.FromJson(s);
                        s_attributes.AddOrUpdate(screen, s.GetProperty("attrs").EnumerateArray().Select(a => a.GetString()!).ToArray());
                        return screen;
                    }).ToList())
                .ToList();
        }
        finally
        {
            File.Delete(jobsPath);
        }
    }

    /// <summary>Runs ../shared/peers/vt.mjs itself (one moment), to check that the batch script agrees with it.</summary>
    public static ScreenText VtMjsScreen(string castPath)
    {
        var psi = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = VtTestPaths.Peers,
        };
        psi.ArgumentList.Add(Path.Combine(VtTestPaths.Peers, "vt.mjs"));
        psi.ArgumentList.Add("screen");
        psi.ArgumentList.Add(castPath);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("Cannot start node.");
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"vt.mjs exited with {process.ExitCode}: {process.StandardError.ReadToEnd()}");
        }

        return ScreenText.FromJson(stdout);
    }
}
