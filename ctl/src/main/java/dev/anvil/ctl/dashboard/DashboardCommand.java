package dev.anvil.ctl.dashboard;

import dev.anvil.cosi.resource.codec.GoTime;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.GlobalOptions;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.NonBlockingReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * anvilctl dashboard: a terminal UI over the nodes given (-n, else the context's, else the endpoint itself), as
 * talosctl's: a screen a function key, a node a number key or an arrow. The screen is redrawn on each key and a few
 * times a second from the {@link DashboardModel} that {@link NodeFeeds} keeps fed; it only writes lines that
 * changed, on the terminal's alternate screen, which is left as it was on quit.
 */
@Command(name = "dashboard", description = {"Cluster dashboard with real-time metrics.",
        "Shows each node's version, uptime, CPU, memory, load, services, addresses and newest machined log lines, "
                + "and the cluster as the node sees it. Keys: F1-F4 screens, left/right or 1-9 nodes, q quits."})
public final class DashboardCommand implements Callable<Integer> {
    private static final long FRAME_MS = 250;

    @Spec
    CommandSpec spec;
    @Option(names = {"-d", "--update-interval"}, defaultValue = "3s", paramLabel = "DURATION",
            description = "Interval between updates (default: ${DEFAULT-VALUE}).")
    String updateInterval;

    @Override
    public Integer call() throws Exception {
        Duration interval = GoTime.parseDuration(updateInterval);
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("--update-interval must be positive: " + updateInterval);
        }
        GlobalOptions global = GlobalOptions.of(spec);
        try (ApiSession api = global.open(); Terminal terminal = terminal()) {
            List<String> nodes = api.nodes().isEmpty() ? List.of(api.endpoint()) : api.nodes();
            DashboardModel model = new DashboardModel(nodes, interval);
            try (NodeFeeds feeds = new NodeFeeds(api, model, interval, Clock.systemUTC())) {
                feeds.start();
                run(terminal, model);
            }
        }
        return 0;
    }

    private static Terminal terminal() {
        try {
            return TerminalBuilder.builder().system(true).dumb(false).build();
        } catch (IOException | IllegalStateException e) {
            throw new IllegalStateException("the dashboard needs a terminal on its standard input and output ("
                    + e.getMessage() + ")", e);
        }
    }

    /** Draws until the quit key; the terminal's modes and screen are put back however this ends. */
    private static void run(Terminal terminal, DashboardModel model) throws Exception {
        Attributes saved = terminal.enterRawMode();
        Attributes raw = new Attributes(terminal.getAttributes());
        // Ctrl-C comes as a key, so quitting always restores the terminal
        raw.setLocalFlag(Attributes.LocalFlag.ISIG, false);
        terminal.setAttributes(raw);
        PrintWriter out = terminal.writer();
        out.print("\033[?1049h\033[?25l\033[2J");
        out.flush();
        NonBlockingReader reader = terminal.reader();
        KeyDecoder.Input input = reader::read;
        try {
            List<String> shown = List.of();
            while (true) {
                Size size = terminal.getSize();
                int width = size.getColumns() > 0 ? size.getColumns() : 80;
                int height = size.getRows() > 0 ? size.getRows() : 24;
                List<String> lines = DashboardView.render(model.frame(), width, height, Clock.systemUTC().instant());
                draw(out, shown, lines);
                shown = lines;
                Key key = KeyDecoder.next(input, FRAME_MS);
                if (key != null && !model.handle(key)) {
                    return;
                }
            }
        } finally {
            out.print("\033[?25h\033[?1049l");
            out.flush();
            terminal.setAttributes(saved);
        }
    }

    /** Rewrites the lines that differ from what the screen shows (all of them after a resize). */
    private static void draw(PrintWriter out, List<String> shown, List<String> lines) {
        boolean resized = shown.size() != lines.size() || (!shown.isEmpty()
                && shown.getFirst().length() != lines.getFirst().length());
        if (resized) {
            out.print("\033[2J");
        }
        for (int row = 0; row < lines.size(); row++) {
            if (resized || !lines.get(row).equals(shown.get(row))) {
                out.print("\033[" + (row + 1) + ";1H" + lines.get(row));
            }
        }
        out.flush();
    }
}
