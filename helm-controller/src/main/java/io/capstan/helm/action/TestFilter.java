package io.capstan.helm.action;

/**
 * Selects test hooks by name (Flux's {@code test.filters}). With include filters only the named
 * tests run; exclude filters skip the named tests.
 *
 * @param name the test hook's {@code metadata.name}
 * @param exclude true to skip that test
 */
public record TestFilter(String name, boolean exclude) {}
