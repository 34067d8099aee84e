/**
 * The read map: per variable the profile served, how many times the program read it, when first
 * and last, and the first class outside the JDK that read it; written — names, counts, times and
 * class names, never a value — to {@code KEYSTASH_HOME/access/} at exit and at each reload, for
 * {@code keystash report --access}.
 *
 * <p>The counting itself happens in the holder the JDK calls ({@code boot.KeystashEnvironment}:
 * an atomic increment and a clock read per read); this package owns the counters, walks the stack
 * once per name ({@link io.keystash.agent.reads.FirstCaller}) and writes the record
 * ({@link io.keystash.agent.reads.ReadMap}).
 */
package io.keystash.agent.reads;
