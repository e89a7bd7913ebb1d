package io.capstan.cli.install;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.capstan.runtime.process.FluxLogEncoder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.slf4j.LoggerFactory;

/**
 * The log lines Capstan's controllers in this JVM write, in Flux's JSON layout ({@link
 * FluxLogEncoder}, what a controller Pod prints on stdout), appended to a file in the CRI log
 * format kubelets keep ({@code <RFC 3339 time> stdout F <line>}) — the format kwok reads when it
 * serves a Pod's log for kube-apiserver. Attached to the {@code io.capstan} logger at {@code info}
 * while open; the logger's level is restored on close.
 */
final class CriLogFile extends AppenderBase<ILoggingEvent> implements AutoCloseable {

  private final OutputStream out;
  private final FluxLogEncoder encoder = new FluxLogEncoder();
  private final Logger logger;
  private final Level level;

  private CriLogFile(Path file) throws IOException {
    this.out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    this.logger = context.getLogger("io.capstan");
    this.level = logger.getLevel();
    setContext(context);
    setName("cri-log-file");
    encoder.setContext(context);
    encoder.setEncoding("json");
    encoder.start();
  }

  /** Starts appending the {@code io.capstan} loggers' events at {@code info} and above. */
  static CriLogFile attach(Path file) throws IOException {
    CriLogFile appender = new CriLogFile(file);
    appender.start();
    appender.logger.addAppender(appender);
    appender.logger.setLevel(Level.INFO);
    return appender;
  }

  @Override
  protected synchronized void append(ILoggingEvent event) {
    String json = new String(encoder.encode(event), StandardCharsets.UTF_8).stripTrailing();
    StringBuilder lines = new StringBuilder();
    for (String line : json.split("\n")) {
      lines.append(Instant.now()).append(" stdout F ").append(line).append('\n');
    }
    try {
      out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    logger.detachAppender(this);
    logger.setLevel(level);
    stop();
    synchronized (this) {
      out.close();
    }
  }
}
