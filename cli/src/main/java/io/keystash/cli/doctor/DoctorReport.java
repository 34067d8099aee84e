package io.keystash.cli.doctor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystash.cli.Version;
import io.keystash.cli.terminal.JsonOutput;
import io.keystash.cli.terminal.TerminalText;
import io.keystash.vault.health.Finding;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The check-up on one screen: findings grouped by area (in {@link #AREAS}' order, each area's in
 * the order they were made), each line marked {@code ok}, {@code FIX} or {@code note}, then one
 * line saying how many things need doing. Text from the vault and the environment is escaped for
 * the terminal.
 */
final class DoctorReport {
    /** The areas in the order a person looks at a set-up. */
    static final List<String> AREAS = List.of("vault", "ways in", "profiles", "keys", AgentJarCheck.AREA, JdkCheck.AREA,
            SessionCheck.AREA, RemoteCheck.AREA, LaunchOptionsCheck.AREA);

    private final List<Finding> findings;

    DoctorReport(List<Finding> findings) {
        List<Finding> sorted = new java.util.ArrayList<>(findings);
        sorted.sort(java.util.Comparator.comparingInt(f -> AREAS.indexOf(f.area()) < 0 ? AREAS.size() : AREAS.indexOf(f.area())));
        this.findings = List.copyOf(sorted);
    }

    /** How many findings need doing. */
    long toDo() {
        return findings.stream().filter(f -> f.status() == Finding.Status.FIX).count();
    }

    void printText(PrintStream out) {
        out.println("keystash " + Version.number() + " on Java " + System.getProperty("java.version"));
        String area = null;
        for (Finding finding : findings) {
            if (!finding.area().equals(area)) {
                area = finding.area();
                out.println(area);
            }
            String mark = switch (finding.status()) {
                case OK -> "ok  ";
                case FIX -> "FIX ";
                case NOTE -> "note";
            };
            out.println("  " + mark + "  " + TerminalText.escape(finding.text()));
        }
        long toDo = toDo();
        out.println(toDo == 0 ? "All is well." : toDo + (toDo == 1 ? " thing needs" : " things need") + " doing: see FIX above.");
        out.flush();
    }

    void printJson(PrintStream out) {
        ObjectNode document = JsonOutput.object();
        document.put("version", Version.number());
        document.put("java", System.getProperty("java.version"));
        document.put("healthy", toDo() == 0);
        document.put("toDo", toDo());
        ArrayNode list = document.putArray("findings");
        for (Finding finding : findings) {
            list.addObject().put("area", finding.area())
                    .put("status", finding.status().name().toLowerCase(Locale.ROOT))
                    .put("text", finding.text());
        }
        JsonOutput.print(out, document);
    }
}
