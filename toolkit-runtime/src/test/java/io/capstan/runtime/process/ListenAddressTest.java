package io.capstan.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ListenAddressTest {

  @ParameterizedTest(name = "{0} -> port {1}, wildcard {2}")
  @CsvSource({":8080, 8080, true", "127.0.0.1:0, 0, false", "'[::1]:9440', 9440, false"})
  @DisplayName("Go listen addresses give a port and an interface")
  void parses(String text, int port, boolean wildcard) {
    InetSocketAddress address = ListenAddress.parse(text);
    assertThat(address.getPort()).isEqualTo(port);
    assertThat(address.getAddress().isAnyLocalAddress()).isEqualTo(wildcard);
  }

  @ParameterizedTest
  @ValueSource(strings = {"8080", "host:http", ":70000", ""})
  @DisplayName("addresses without a valid port are refused")
  void refuses(String text) {
    assertThatThrownBy(() -> ListenAddress.parse(text))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
