package io.capstan.runtime.process;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Runs a {@link ControllerProcess} until SIGTERM/SIGINT or a lost Lease, as controller-runtime's
 * signal handler does: the first signal starts a graceful shutdown (exit code 0), a second one
 * exits at once with code 1. A lost Lease ends the run with code 1 after at most {@link
 * #LOST_LEASE_GRACE} for the controller to stop.
 *
 * <p>The signals are taken over from the JVM (instead of using a shutdown hook) so that the
 * graceful path ends with the process's own exit code rather than the JVM's 143.
 */
public final class ProcessSignals {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessSignals.class);

  /**
   * How long a process that lost its Lease waits for its controller to stop before exiting
   * (controller-runtime exits at once): well within the time between the renew deadline and the
   * lease duration (5 s with Flux's defaults), so the process is gone before another one leads.
   */
  static final Duration LOST_LEASE_GRACE = Duration.ofSeconds(1);

  private ProcessSignals() {}

  /** Starts {@code process}, waits until it must end, shuts it down and returns its exit code. */
  public static int run(ControllerProcess process) throws Exception {
    AtomicInteger signals = new AtomicInteger();
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(
          new Signal(name),
          signal -> {
            if (signals.incrementAndGet() > 1) {
              LOG.error("second signal SIG{}: exiting at once", signal.getName());
              Runtime.getRuntime().halt(1);
            }
            LOG.info("received SIG{}: shutting down", signal.getName());
            Thread stopper = new Thread(process::shutdown, "shutdown");
            stopper.start();
          });
    }
    process.start();
    int code = process.exitCode().get();
    if (code == 0) {
      process.shutdown();
      return code;
    }
    // a lost Lease (or a failed start): controller-runtime exits at once; give the controller a
    // short grace to stop (its API calls may hang on the connection that cost the Lease), no more
    Thread stopper = new Thread(process::shutdown, "shutdown");
    stopper.setDaemon(true);
    stopper.start();
    stopper.join(LOST_LEASE_GRACE.toMillis());
    if (stopper.isAlive()) {
      LOG.warn("not stopped within {} ms: exiting anyway", LOST_LEASE_GRACE.toMillis());
    }
    return code;
  }
}
