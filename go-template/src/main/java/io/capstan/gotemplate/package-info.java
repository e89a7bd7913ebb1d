/** Go text/template semantics and Sprig functions in pure Java. */
package io.capstan.gotemplate;
