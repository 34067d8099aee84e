/**
 * {@code get --clipboard}: copy a value to the desktop clipboard (AWT, else {@code wl-copy},
 * {@code xclip} or {@code xsel}) and clear it 45 seconds later if it still holds the value.
 *
 * <p>The copy and the clearing happen in a small detached helper JVM ({@link ClipboardKeeper})
 * that receives the value on its standard input, so the command returns at once, the value never
 * sits in an argument, and X11's rule that a selection dies with its owner process is honoured.
 */
package io.keystash.cli.clipboard;
