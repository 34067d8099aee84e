/**
 * The distribution archive as a user meets it: unpacked, installed with {@code install.sh} under a
 * temporary prefix, and run from {@code PATH}; and the launch recipes of {@code docs/launching.md}
 * with the real agent.
 */
package io.keystash.it.install;
