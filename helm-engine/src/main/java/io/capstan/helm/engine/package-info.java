/** Pure-Java `helm template`: charts, values, rendering, conformant with Helm v4. */
package io.capstan.helm.engine;
