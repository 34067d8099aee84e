package io.keystash.cli;

import io.keystash.cli.terminal.Terminal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A terminal for tests: answers come from a script; prompts and lines said are recorded. */
public final class ScriptedTerminal implements Terminal {
    private final boolean stdinIsTerminal;
    private final boolean canPrompt;
    private final Deque<String> answers = new ArrayDeque<>();
    public final List<String> prompts = new ArrayList<>();
    public final List<String> said = new ArrayList<>();

    private ScriptedTerminal(boolean stdinIsTerminal, boolean canPrompt) {
        this.stdinIsTerminal = stdinIsTerminal;
        this.canPrompt = canPrompt;
    }

    /** No terminal at all, as under CI. */
    public static ScriptedTerminal none() {
        return new ScriptedTerminal(false, false);
    }

    /** An interactive terminal that answers with {@code answers} in order. */
    public static ScriptedTerminal answering(String... answers) {
        ScriptedTerminal terminal = new ScriptedTerminal(true, true);
        terminal.answers.addAll(List.of(answers));
        return terminal;
    }

    /**
     * A terminal to ask on while standard input is a pipe (a value piped into {@code store}):
     * hidden prompts are answered with {@code answers} in order.
     */
    public static ScriptedTerminal besidePipedInput(String... answers) {
        ScriptedTerminal terminal = new ScriptedTerminal(false, true);
        terminal.answers.addAll(List.of(answers));
        return terminal;
    }

    @Override
    public boolean stdinIsTerminal() {
        return stdinIsTerminal;
    }

    @Override
    public boolean canPrompt() {
        return canPrompt;
    }

    @Override
    public byte[] readHidden(String prompt) {
        prompts.add(prompt);
        String answer = answers.poll();
        return answer == null ? null : answer.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public String readLine(String prompt) {
        prompts.add(prompt);
        return answers.poll();
    }

    @Override
    public void say(String line) {
        said.add(line);
    }
}
