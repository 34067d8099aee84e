/** The shell side: POSIX quoting for {@code profile load --export}, and bash/zsh completion. */
package io.keystash.cli.shell;
