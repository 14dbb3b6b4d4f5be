package dev.anvil.cosi.state;

import dev.anvil.cosi.resource.IdQuery;
import dev.anvil.cosi.resource.LabelQuery;
import dev.anvil.cosi.resource.Metadata;

import java.util.ArrayList;
import java.util.List;

/** Which resources of a kind to list: any of the label queries (all when none) and the ID query (all when null). */
public record ListOptions(List<LabelQuery> labelQueries, IdQuery idQuery) {
    public static final ListOptions ALL = new ListOptions(List.of(), null);

    public ListOptions {
        labelQueries = List.copyOf(labelQueries);
    }

    /** Adds one more alternative: the result matches this query or one of the earlier ones. */
    public ListOptions orLabels(LabelQuery query) {
        List<LabelQuery> queries = new ArrayList<>(labelQueries);
        queries.add(query);
        return new ListOptions(queries, idQuery);
    }

    public ListOptions withIdQuery(IdQuery query) {
        return new ListOptions(labelQueries, query);
    }

    public boolean matches(Metadata metadata) {
        return (idQuery == null || idQuery.matches(metadata.id()))
                && LabelQuery.anyMatches(labelQueries, metadata.labels());
    }
}
