package io.capstan.testing.kube;

/**
 * The namespace created for the current test; it is deleted after the test.
 *
 * @param name the namespace's name, unique within the test JVM
 */
public record KubeNamespace(String name) {}
