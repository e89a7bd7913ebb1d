package io.capstan.local.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Source of TCP ports on 127.0.0.1 for the control plane to listen on. */
@FunctionalInterface
public interface LoopbackPorts {

  /** A port that was free on 127.0.0.1 a moment ago (the caller retries if it was taken since). */
  int next();

  /** Asks the kernel for an ephemeral port that is free right now. */
  static LoopbackPorts ephemeral() {
    return () -> {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException("No free loopback port", e);
      }
    };
  }
}
