package io.capstan.runtime.process;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;

/**
 * Configures logback for a controller process from {@code --log-level} and {@code --log-encoding}:
 * one appender on stderr (where zap writes) with {@link FluxLogEncoder}. Capstan's loggers ({@code
 * io.capstan}) log at the chosen level; libraries (JOSDK, fabric8) log warnings and errors only,
 * unless the level is {@code trace}, which opens them up to debug.
 */
public final class ProcessLogging {

  private ProcessLogging() {}

  /**
   * Replaces any logback configuration with the Flux-style one.
   *
   * @throws IllegalStateException when logback is not the SLF4J backend on the class path
   */
  public static void configure(String level, LogEncoding encoding) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      throw new IllegalStateException(
          "logback-classic must be the SLF4J backend, found "
              + LoggerFactory.getILoggerFactory().getClass().getName());
    }
    context.reset();
    FluxLogEncoder encoder = new FluxLogEncoder();
    encoder.setEncoding(encoding.name());
    encoder.setContext(context);
    encoder.start();
    ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setName("stderr");
    appender.setTarget("System.err");
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.start();
    Level capstan = Level.toLevel(level, Level.INFO);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel("trace".equals(level) ? Level.DEBUG : Level.WARN);
    root.addAppender(appender);
    context.getLogger("io.capstan").setLevel(capstan);
  }
}
