package dev.anvil.machinery.config;

import dev.anvil.machinery.config.document.DocumentKinds;
import dev.anvil.machinery.config.document.V1Alpha1;
import dev.anvil.machinery.config.schema.SchemaWalker;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders the config reference (docs/config-reference.md) from the model itself, so the documentation cannot drift
 * from what the loader accepts: every path, its YAML type, and whether it is obsolete, not implemented yet, or
 * merged specially by patches.
 */
public final class ConfigReference {

    private ConfigReference() {
    }

    public static String markdown() {
        var out = new StringBuilder();
        out.append("# Machine config reference\n\n")
                .append("Generated from the model in `machinery` (`dev.anvil.machinery.config`); do not edit by hand.\n")
                .append("`ConfigReferenceTest` fails when this file is stale; run it with `-Danvil.docs.update=true`\n")
                .append("to rewrite it. A config is a YAML stream of the documents below. Unknown fields and kinds\n")
                .append("are errors; obsolete fields load with a warning; settings Anvil does not implement yet load\n")
                .append("with a warning (an error with `--strict`).\n\n");
        section(out, "v1alpha1", "The kind-less document: `version: v1alpha1` with `machine:` and `cluster:`",
                V1Alpha1.class);
        for (DocumentKinds.Kind kind : DocumentKinds.modelled()) {
            section(out, kind.kind(), "`apiVersion: " + kind.apiVersion() + "`, `kind: " + kind.kind() + "`"
                    + (kind.named() ? ", named by `name`" : ""), kind.type());
        }
        out.append("## Talos kinds Anvil does not implement yet\n\n")
                .append("These load (apiVersion `v1alpha1`) and are kept as written, with a warning:\n\n");
        for (String kind : DocumentKinds.unimplementedTalosKinds()) {
            out.append("- `").append(kind).append("`\n");
        }
        return out.toString();
    }

    private static void section(StringBuilder out, String title, String summary, Class<?> type) {
        out.append("## ").append(title).append("\n\n").append(summary).append(".\n\n")
                .append("| path | type | notes |\n|---|---|---|\n");
        for (SchemaWalker.Entry entry : SchemaWalker.walk(type)) {
            out.append("| `").append(entry.path()).append("` | ").append(entry.type()).append(" | ")
                    .append(String.join("; ", notes(entry))).append(" |\n");
        }
        out.append('\n');
    }

    private static List<String> notes(SchemaWalker.Entry entry) {
        List<String> notes = new ArrayList<>();
        if (!entry.obsolete().isEmpty()) {
            notes.add("obsolete: " + entry.obsolete());
        }
        if (!entry.notImplemented().isEmpty()) {
            notes.add("not implemented yet: " + entry.notImplemented());
        }
        if (!entry.mergeKeys().isEmpty()) {
            notes.add("patches merge items by " + String.join(" or ", entry.mergeKeys()));
        }
        if (entry.replaceOnMerge()) {
            notes.add("patches replace it whole");
        }
        return notes;
    }
}
