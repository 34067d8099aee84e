package io.keystash.vault.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * What one operation did, for the audit log: names and version numbers, never a value.
 * Mutable while the operation runs, so it can note what it learned (the new version, the
 * profiles that changed); {@link io.keystash.vault.VaultStore} writes it when the operation ends.
 */
public final class AuditEvent {
    private final String operation;
    private String key;
    private String profile;
    private final List<Integer> versions = new ArrayList<>();
    private String detail;

    private AuditEvent(String operation) {
        this.operation = operation;
    }

    /** An event for {@code operation} ({@code store}, {@code get}, {@code profile.add-key}, …). */
    public static AuditEvent of(String operation) {
        return new AuditEvent(operation);
    }

    public AuditEvent key(String name) {
        key = name;
        return this;
    }

    public AuditEvent profile(String name) {
        profile = name;
        return this;
    }

    public AuditEvent version(int number) {
        versions.add(number);
        return this;
    }

    /** Extra names-only context, e.g. {@code "from version 3"}. Never a value. */
    public AuditEvent detail(String text) {
        detail = text;
        return this;
    }

    public String operation() {
        return operation;
    }

    public String key() {
        return key;
    }

    public String profile() {
        return profile;
    }

    public List<Integer> versions() {
        return List.copyOf(versions);
    }

    public String detail() {
        return detail;
    }
}
