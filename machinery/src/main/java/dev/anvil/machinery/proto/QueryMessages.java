package dev.anvil.machinery.proto;

import dev.anvil.api.cosi.resource.IDQuery;
import dev.anvil.cosi.resource.IdQuery;
import dev.anvil.cosi.resource.LabelQuery;
import dev.anvil.cosi.resource.LabelTerm;
import dev.anvil.cosi.state.ListOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * Label and ID queries as the {@code cosi.resource} messages. Decoding validates what the COSI runtime's server does
 * not: a comparison term without a value and an ID regexp that does not compile are IllegalArgumentExceptions
 * (INVALID_ARGUMENT to a caller) rather than a crashed handler.
 */
public final class QueryMessages {
    private QueryMessages() {
    }

    public static List<dev.anvil.api.cosi.resource.LabelQuery> toProto(List<LabelQuery> queries) {
        return queries.stream().map(QueryMessages::toProto).toList();
    }

    public static dev.anvil.api.cosi.resource.LabelQuery toProto(LabelQuery query) {
        var message = dev.anvil.api.cosi.resource.LabelQuery.newBuilder();
        for (LabelTerm term : query.terms()) {
            message.addTerms(dev.anvil.api.cosi.resource.LabelTerm.newBuilder()
                    .setKey(term.key())
                    .setOp(dev.anvil.api.cosi.resource.LabelTerm.Operation.valueOf(term.op().name()))
                    .addAllValue(term.values())
                    .setInvert(term.invert()));
        }
        return message.build();
    }

    public static IDQuery toProto(IdQuery query) {
        return IDQuery.newBuilder().setRegexp(query.regexp().pattern()).build();
    }

    public static ListOptions fromProto(List<dev.anvil.api.cosi.resource.LabelQuery> labelQueries,
            IDQuery idQuery, boolean hasIdQuery) {
        List<LabelQuery> queries = new ArrayList<>();
        for (var query : labelQueries) {
            queries.add(new LabelQuery(query.getTermsList().stream().map(QueryMessages::fromProto).toList()));
        }
        return new ListOptions(queries, hasIdQuery ? IdQuery.of(idQuery.getRegexp()) : null);
    }

    private static LabelTerm fromProto(dev.anvil.api.cosi.resource.LabelTerm term) {
        LabelTerm.Op op = switch (term.getOp()) {
            case EXISTS, NOT_EXISTS -> LabelTerm.Op.EXISTS;
            case EQUAL -> LabelTerm.Op.EQUAL;
            case IN -> LabelTerm.Op.IN;
            case LT -> LabelTerm.Op.LT;
            case LTE -> LabelTerm.Op.LTE;
            case LT_NUMERIC -> LabelTerm.Op.LT_NUMERIC;
            case LTE_NUMERIC -> LabelTerm.Op.LTE_NUMERIC;
            case UNRECOGNIZED -> throw new IllegalArgumentException("label term on \"" + term.getKey()
                    + "\" has an unknown operation " + term.getOpValue());
        };
        // old clients say NOT_EXISTS for what is now an inverted EXISTS
        @SuppressWarnings("deprecation")
        boolean notExists = term.getOp() == dev.anvil.api.cosi.resource.LabelTerm.Operation.NOT_EXISTS;
        return new LabelTerm(term.getKey(), op, term.getValueList(), term.getInvert() != notExists);
    }
}
