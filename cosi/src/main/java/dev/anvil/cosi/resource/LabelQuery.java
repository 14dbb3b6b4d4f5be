package dev.anvil.cosi.resource;

import java.util.List;
import java.util.Map;

/** All of its terms must match (an empty query matches everything). A list of queries matches if any one does. */
public record LabelQuery(List<LabelTerm> terms) {
    public LabelQuery {
        terms = List.copyOf(terms);
    }

    public static LabelQuery of(LabelTerm... terms) {
        return new LabelQuery(List.of(terms));
    }

    public boolean matches(Map<String, String> labels) {
        for (LabelTerm term : terms) {
            if (!term.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** The OR of the queries; no query at all matches everything. */
    public static boolean anyMatches(List<LabelQuery> queries, Map<String, String> labels) {
        if (queries.isEmpty()) {
            return true;
        }
        for (LabelQuery query : queries) {
            if (query.matches(labels)) {
                return true;
            }
        }
        return false;
    }
}
