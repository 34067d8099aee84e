package io.keystash.cli.shell;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Man pages (troff, {@code man} macros), one per command, written from picocli's model of the
 * command tree: the same descriptions, options and examples as {@code --help}, so the pages cannot
 * drift from the program. Why not picocli-codegen's ManPageGenerator: it writes AsciiDoc, which
 * needs Asciidoctor (a Ruby toolchain) to become a man page; this writes the page directly. The
 * pages carry no date, so a build writes the same bytes every time.
 */
public final class ManPages {
    private final String version;

    public ManPages(String version) {
        this.version = version;
    }

    /** Writes {@code NAME.1} for {@code root} and every command below it that is not hidden; returns the files. */
    public List<Path> write(CommandLine root, Path folder) throws IOException {
        Files.createDirectories(folder);
        List<Path> written = new ArrayList<>();
        for (CommandLine command : tree(root)) {
            Path file = folder.resolve(pageName(command.getCommandSpec()) + ".1");
            Files.writeString(file, page(command.getCommandSpec()), StandardCharsets.UTF_8);
            written.add(file);
        }
        return written;
    }

    /** {@code root} and its visible descendants, depth first, in help order. */
    static List<CommandLine> tree(CommandLine root) {
        List<CommandLine> all = new ArrayList<>();
        all.add(root);
        for (CommandLine sub : visibleSubcommands(root.getCommandSpec())) {
            all.addAll(tree(sub));
        }
        return all;
    }

    /** {@code keystash-profile-add-key}. */
    static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    /** The page of one command. */
    String page(CommandSpec spec) {
        StringBuilder out = new StringBuilder();
        String name = pageName(spec);
        out.append(".TH \"").append(escape(name.toUpperCase(Locale.ROOT))).append("\" \"1\" \"\" \"keystash ")
                .append(escape(version)).append("\" \"Keystash Manual\"\n");
        out.append(".SH NAME\n").append(escape(name)).append(" \\- ").append(escape(summary(spec))).append('\n');

        out.append(".SH SYNOPSIS\n.nf\n");
        String synopsis = new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF))
                .synopsis(0).replaceFirst("^Usage: ", "").stripTrailing();
        for (String line : synopsis.split("\n")) {
            out.append(escapeLine(line)).append('\n');
        }
        out.append(".fi\n");

        List<String> description = formatted(spec.usageMessage().header());
        description.addAll(formatted(spec.usageMessage().description()));
        if (!description.isEmpty()) {
            out.append(".SH DESCRIPTION\n");
            for (String paragraph : description) {
                if (!paragraph.isBlank()) {
                    out.append(".PP\n").append(escapeLine(paragraph)).append('\n');
                }
            }
        }

        List<PositionalParamSpec> positionals = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!positionals.isEmpty()) {
            out.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec positional : positionals) {
                out.append(".TP\n\\fI").append(escape(positional.paramLabel())).append("\\fR\n")
                        .append(escapeLine(String.join(" ", formatted(positional.description())))).append('\n');
            }
        }

        List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
        if (!options.isEmpty()) {
            out.append(".SH OPTIONS\n");
            for (OptionSpec option : options) {
                out.append(".TP\n").append(optionLabel(option)).append('\n')
                        .append(escapeLine(String.join(" ", formatted(option.description())))).append('\n');
            }
        }

        List<CommandLine> subcommands = visibleSubcommands(spec);
        if (!subcommands.isEmpty()) {
            out.append(".SH COMMANDS\n");
            for (CommandLine sub : subcommands) {
                out.append(".TP\n\\fB").append(escape(sub.getCommandName())).append("\\fR\n")
                        .append(escapeLine(summary(sub.getCommandSpec()))).append("\nSee \\fB")
                        .append(escape(pageName(sub.getCommandSpec()))).append("\\fR(1).\n");
            }
        }

        List<String> footer = formatted(spec.usageMessage().footer());
        if (!footer.isEmpty()) {
            String heading = String.join("", formatted(new String[] {spec.usageMessage().footerHeading()})).strip()
                    .replaceAll(":$", "");
            out.append(".SH ").append(escape((heading.isEmpty() ? "Notes" : heading).toUpperCase(Locale.ROOT))).append("\n.nf\n");
            for (String line : footer) {
                out.append(escapeLine(line)).append('\n');
            }
            out.append(".fi\n");
        }

        Set<String> seeAlso = new LinkedHashSet<>();
        for (CommandSpec up = spec.parent(); up != null; up = up.parent()) {
            seeAlso.add(pageName(up));
        }
        if (!seeAlso.isEmpty()) {
            out.append(".SH SEE ALSO\n");
            List<String> references = new ArrayList<>();
            for (String page : seeAlso) {
                references.add("\\fB" + escape(page) + "\\fR(1)");
            }
            out.append(String.join(", ", references)).append('\n');
        }
        return out.toString();
    }

    private static List<CommandLine> visibleSubcommands(CommandSpec spec) {
        Set<CommandLine> distinct = new LinkedHashSet<>(spec.subcommands().values()); // aliases map to the same one
        return distinct.stream().filter(sub -> !sub.getCommandSpec().usageMessage().hidden()).toList();
    }

    /** The first line of the header, else of the description. */
    private static String summary(CommandSpec spec) {
        List<String> header = formatted(spec.usageMessage().header());
        List<String> lines = header.isEmpty() ? formatted(spec.usageMessage().description()) : header;
        return lines.isEmpty() ? "" : lines.get(0).strip();
    }

    /** {@code \fB--kdf\fR=\fIKDF\fR}, names joined by commas. */
    private static String optionLabel(OptionSpec option) {
        List<String> names = new ArrayList<>();
        for (String name : option.names()) {
            names.add("\\fB" + escape(name) + "\\fR");
        }
        String label = String.join(", ", names);
        boolean takesValue = option.arity().max() > 0 && !option.usageHelp() && !option.versionHelp();
        return takesValue ? label + "=\\fI" + escape(option.paramLabel()) + "\\fR" : label;
    }

    /** Picocli's text as {@code --help} shows it: format specifiers applied ({@code %n}, {@code %%}). */
    private static List<String> formatted(String[] lines) {
        List<String> result = new ArrayList<>();
        for (String line : lines) {
            String text;
            try {
                text = String.format(Locale.ROOT, line);
            } catch (IllegalFormatException e) {
                text = line;
            }
            for (String part : text.split("\\R", -1)) {
                result.add(part);
            }
        }
        while (!result.isEmpty() && result.get(result.size() - 1).isBlank()) {
            result.remove(result.size() - 1);
        }
        return result;
    }

    /**
     * Text made safe for troff: backslashes and hyphens escaped, and every character outside ASCII
     * written as troff's {@code \[uXXXX]} (groff reads its input as Latin-1 unless told otherwise).
     */
    static String escape(String text) {
        String escaped = text.replace("\\", "\\e").replace("-", "\\-");
        StringBuilder out = new StringBuilder(escaped.length());
        escaped.codePoints().forEach(c -> {
            if (c < 128) {
                out.appendCodePoint(c);
            } else {
                out.append(String.format(Locale.ROOT, "\\[u%04X]", c));
            }
        });
        return out.toString();
    }

    /** As {@link #escape}, and a line that would start with a control character is protected. */
    static String escapeLine(String text) {
        String escaped = escape(text);
        return escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped;
    }
}
