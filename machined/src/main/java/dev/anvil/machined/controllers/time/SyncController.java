package dev.anvil.machined.controllers.time;

import dev.anvil.cosi.resource.codec.GoTime;
import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machined.controllers.ActiveConfig;
import dev.anvil.machined.controllers.Specs;
import dev.anvil.machined.controllers.network.TimeServerConfigController;
import dev.anvil.machined.time.Sntp;
import dev.anvil.machined.time.TimeSync;
import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.config.document.TimeSyncConfig;
import dev.anvil.machinery.resources.network.TimeServerSpec;
import dev.anvil.machinery.resources.network.TimeServerStatus;
import dev.anvil.machinery.resources.runtime.TimeStatus;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Talos's time.SyncController: keeps an SNTP poller ({@link TimeSync}) on the servers of the {@code
 * TimeServerStatus} and publishes {@code TimeStatus}. Synced once an answer came and the clock is within {@link
 * TimeSync#STEP_THRESHOLD} of it (stepped there if need be), or once the config's boot timeout passed without one;
 * the epoch counts steps of more than 15 minutes. Sync disabled by the config ({@code machine.time.disabled},
 * TimeSyncConfig {@code enabled: false}) stops the poller and counts as synced, as in Talos.
 *
 * <p>In container mode the clock is the host's: it is never set. Talos turns sync off there; Anvil still polls the
 * servers the config names and reports what it sees (synced means the host's clock agrees with them), but leaves
 * the default public server alone (off, as Talos), so a local node sends nothing to the internet by itself.
 */
public final class SyncController implements Controller {
    /** Talos's EpochLimit: a clock change this large starts a new epoch. */
    static final Duration EPOCH_LIMIT = Duration.ofMinutes(15);

    private final TimeSync.ClockControl clock;
    private final Sntp sntp;
    private final Duration pollInterval;
    private final long started = System.nanoTime();
    private final AtomicInteger epoch = new AtomicInteger();
    private volatile Runnable queueReconcile = () -> { };
    private TimeSync sync;

    public SyncController(TimeSync.ClockControl clock, Sntp sntp, Duration pollInterval) {
        this.clock = clock;
        this.sntp = sntp;
        this.pollInterval = pollInterval;
    }

    @Override
    public String name() {
        return "time.SyncController";
    }

    @Override
    public List<Input> inputs() {
        return List.of(ActiveConfig.INPUT, Input.weak(TimeServerStatus.KIND.namespace(), TimeServerStatus.TYPE)
                .withId(TimeServerSpec.ID));
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.exclusive(TimeStatus.TYPE));
    }

    @Override
    public void started(Runnable queueReconcile) {
        this.queueReconcile = queueReconcile;
    }

    @Override
    public void reconcile(ReconcileContext ctx) {
        Optional<TimeServerStatus> servers = Specs.find(ctx, TimeServerStatus.KIND.pointer(TimeServerSpec.ID),
                TimeServerStatus.class).map(r -> r.spec());
        if (servers.isEmpty()) {
            return; // not known yet
        }
        Optional<ConfigBundle> config = ActiveConfig.read(ctx);
        boolean observeOnly = !clock.settable();
        boolean disabled = config.map(SyncController::disabledByConfig).orElse(false)
                || observeOnly && servers.get().ntpServers().equals(TimeServerConfigController.DEFAULT.ntpServers())
                || servers.get().ntpServers().isEmpty();
        if (disabled) {
            stop();
            Specs.put(ctx, TimeStatus.POINTER, new TimeStatus(true, epoch.get(), true, "", Duration.ZERO,
                    Duration.ZERO, observeOnly));
            return;
        }
        if (sync == null) {
            sync = new TimeSync(sntp, clock, pollInterval, servers.get().ntpServers(), () -> queueReconcile.run(),
                    step -> {
                        if (step.abs().compareTo(EPOCH_LIMIT) > 0) {
                            epoch.incrementAndGet();
                        }
                    });
        } else {
            sync.servers(servers.get().ntpServers());
        }
        TimeSync.Outcome outcome = sync.last();
        boolean synced = outcome != null
                && (outcome.stepped() || outcome.sample().offset().abs().compareTo(TimeSync.STEP_THRESHOLD) <= 0);
        Optional<Duration> bootTimeout = config.flatMap(SyncController::bootTimeout);
        if (!synced && bootTimeout.isPresent()) {
            Duration left = bootTimeout.get().minus(Duration.ofNanos(System.nanoTime() - started));
            if (left.isNegative() || left.isZero()) {
                synced = true;
            } else {
                ctx.requeueAfter(left);
            }
        }
        Specs.put(ctx, TimeStatus.POINTER, outcome == null
                ? new TimeStatus(synced, epoch.get(), false, "", Duration.ZERO, Duration.ZERO, observeOnly)
                : new TimeStatus(synced, epoch.get(), false, outcome.sample().server(), outcome.stepped()
                        ? Duration.ZERO : outcome.sample().offset(), outcome.sample().delay(), observeOnly));
    }

    @Override
    public void stopped() {
        stop();
    }

    private void stop() {
        if (sync != null) {
            sync.close();
            sync = null;
        }
    }

    static boolean disabledByConfig(ConfigBundle config) {
        List<TimeSyncConfig> documents = config.all(TimeSyncConfig.class);
        if (!documents.isEmpty()) {
            return Boolean.FALSE.equals(documents.getFirst().enabled());
        }
        return config.v1alpha1().map(v -> v.machine() == null ? null : v.machine().time())
                .map(t -> Boolean.TRUE.equals(t.disabled())).orElse(false);
    }

    static Optional<Duration> bootTimeout(ConfigBundle config) {
        List<TimeSyncConfig> documents = config.all(TimeSyncConfig.class);
        String text = !documents.isEmpty() ? documents.getFirst().bootTimeout()
                : config.v1alpha1().map(v -> v.machine() == null ? null : v.machine().time())
                        .map(t -> t.bootTimeout()).orElse(null);
        return text == null || text.isEmpty() ? Optional.empty() : Optional.of(GoTime.parseDuration(text));
    }
}
