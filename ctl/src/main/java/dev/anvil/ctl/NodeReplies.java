package dev.anvil.ctl;

import com.google.protobuf.Message;
import dev.anvil.ctl.api.ApiSession;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages of a unary reply, one a node, split into the nodes that answered and those that sent an error in
 * its place (a fan-out does not fail as a whole when one node does). Errors are printed as "node: error".
 */
record NodeReplies<M extends Message>(List<M> answered, int failed) {

    static <M extends Message> NodeReplies<M> of(ApiSession api, List<M> messages, PrintWriter err) {
        List<M> answered = new ArrayList<>();
        for (M message : messages) {
            String error = ApiSession.errorOf(message);
            if (error.isEmpty()) {
                answered.add(message);
            } else {
                err.println(api.nodeOf(message) + ": " + error);
            }
        }
        err.flush();
        return new NodeReplies<>(answered, messages.size() - answered.size());
    }

    /** 0 when every node answered, 1 otherwise. */
    int exitCode() {
        return failed == 0 ? 0 : 1;
    }
}
