/**
 * The one class the JDK's own classes call, {@code KeystashEnvironment}, and stand-ins for the two
 * package-private JDK classes it calls.
 *
 * <p>The package is renamed to {@code java.lang} by an ASM remapper (see
 * {@code io.keystash.agent.intercept.CallSiteRewriter}; on a warm start the renamed class
 * comes from the cache) and the holder defined into {@code java.base} (see
 * {@code io.keystash.agent.intercept.BootDefinition}); it therefore refers to JDK types only. Defining it there needs neither
 * {@code Instrumentation.appendToBootstrapClassLoaderSearch}, which makes the JVM print a
 * class-data-sharing warning, nor a temporary file.
 */
package io.keystash.agent.boot;
