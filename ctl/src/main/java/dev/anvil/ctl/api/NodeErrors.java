package dev.anvil.ctl.api;

import com.google.protobuf.Message;

import java.io.PrintWriter;

/**
 * The nodes that answered a call with an error in place of a reply ({@code metadata.error}, as a fanned-out call
 * reports one node's failure without failing the others). Each is printed to stderr as {@code NODE: ERROR} when it
 * comes, and the command exits 1 at its end.
 */
public final class NodeErrors {
    private final ApiSession api;
    private final PrintWriter err;
    private int count;

    public NodeErrors(ApiSession api, PrintWriter err) {
        this.api = api;
        this.err = err;
    }

    /** Whether the reply is a node's error (then it has been printed, and the caller skips the reply). */
    public boolean reported(Message reply) {
        String error = ApiSession.errorOf(reply);
        if (error.isEmpty()) {
            return false;
        }
        report(api.nodeOf(reply), error);
        return true;
    }

    /** A node's failure found by the command itself (a reply it could not read). */
    public void report(String node, String error) {
        err.println(node + ": " + error);
        err.flush();
        count++;
    }

    public int exitCode() {
        return count == 0 ? 0 : 1;
    }
}
