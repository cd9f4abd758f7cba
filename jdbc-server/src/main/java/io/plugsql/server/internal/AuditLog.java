package io.plugsql.server.internal;

import io.plugsql.server.users.User;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;

/**
 * Writes one line per DDL statement to the {@code io.plugsql.audit} logger: who (user, tenant), what
 * (statement kind, object), and whether it succeeded.
 */
final class AuditLog {
    private static final Logger AUDIT = LoggerFactory.getLogger("io.plugsql.audit");
    private static final Pattern LEADING_COMMENTS = Pattern.compile("^(\\s+|--[^\\n]*\\n?|/\\*.*?\\*/)*", Pattern.DOTALL);
    private static final Pattern DDL = Pattern.compile(
            "(CREATE|DROP|ALTER|GRANT|REVOKE)\\s+(?:OR\\s+REPLACE\\s+)?(?:(?:EXECUTE|ALL|USAGE)(?:\\s+PRIVILEGES)?\\s+ON\\s+)?"
                    + "(FUNCTION|TABLE|VIEW|SCHEMA|MATERIALIZED\\s+VIEW|TYPE)?\\s*(?:IF\\s+(?:NOT\\s+)?EXISTS\\s+)?"
                    + "((?:\"[^\"]+\"|[\\w$]+)(?:\\s*\\.\\s*(?:\"[^\"]+\"|[\\w$]+))*)?",
            Pattern.CASE_INSENSITIVE);

    private AuditLog() {}

    /** A DDL statement as the audit log names it. */
    record Ddl(String kind, String object) {}

    /** Classifies a statement; empty when it is not DDL. */
    static Optional<Ddl> classify(String sql) {
        if (sql == null) {
            return Optional.empty();
        }
        Matcher comments = LEADING_COMMENTS.matcher(sql);
        int start = comments.lookingAt() ? comments.end() : 0;
        Matcher ddl = DDL.matcher(sql).region(start, sql.length());
        if (!ddl.lookingAt()) {
            return Optional.empty();
        }
        String verb = ddl.group(1).toUpperCase(Locale.ROOT);
        String type = ddl.group(2) == null ? "" : "_" + ddl.group(2).toUpperCase(Locale.ROOT).replaceAll("\\s+", "_");
        String object = ddl.group(3) == null ? "-" : ddl.group(3).replaceAll("\\s+", "");
        return Optional.of(new Ddl(verb + type, object));
    }

    static void succeeded(User user, Ddl ddl, String version) {
        AUDIT.info("user={} tenant={} kind={} object={} version={} outcome=ok",
                user.name(), user.tenant(), ddl.kind(), ddl.object(), version);
    }

    static void failed(User user, Ddl ddl, Throwable failure) {
        AUDIT.warn("user={} tenant={} kind={} object={} outcome=failed error=\"{}\"",
                user.name(), user.tenant(), ddl.kind(), ddl.object(), reason(failure).replace('"', '\''));
    }

    /** The client-facing message: Avatica's errors keep it outside {@link Throwable#getMessage()}. */
    static String reason(Throwable failure) {
        if (failure instanceof AvaticaRuntimeException) {
            AvaticaRuntimeException avatica = (AvaticaRuntimeException) failure;
            return avatica.getSqlState() + " " + avatica.getErrorMessage();
        }
        return String.valueOf(failure.getMessage());
    }
}
