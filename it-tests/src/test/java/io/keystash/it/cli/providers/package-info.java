/** Rotation providers that the rotation ITs hand to the real CLI in a jar, as users extend it. */
package io.keystash.it.cli.providers;
