package dev.anvil.ctl;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.util.Locale;

/** The one line a user reads when a command fails. */
public final class Failures {

    private Failures() {
    }

    public static String describe(Throwable e) {
        if (e instanceof StatusRuntimeException s) {
            Status status = s.getStatus();
            String code = status.getCode().name().toLowerCase(Locale.ROOT).replace('_', ' ');
            if (status.getCode() == Status.Code.UNAVAILABLE && status.getCause() != null) {
                return code + ": " + firstLine(rootCause(status.getCause()));
            }
            return status.getDescription() == null ? code : code + ": " + status.getDescription();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
