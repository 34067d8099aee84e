/** {@code setup PROVIDER}: store a provider's key with its defaults and bind it, in one step. */
package io.keystash.cli.setup;
