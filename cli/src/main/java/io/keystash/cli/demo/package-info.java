/**
 * {@code keystash demo}: a self-contained tour on a throwaway vault. {@link DemoProgram} is the
 * small Java program launched with the agent; it uses only JDK classes so it runs from the CLI
 * jar (or classes folder) without compiling anything.
 */
package io.keystash.cli.demo;
