/**
 * {@code reload=on}: a daemon thread watches the vault file for a new generation and serves it to
 * the running program in one step ({@link io.keystash.agent.reload.Reload}); a failed reload keeps
 * what is served. Properties are changed in place under their lock
 * ({@link io.keystash.agent.reload.ServedProperties}).
 */
package io.keystash.agent.reload;
