package dev.anvil.machined.server.files;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * One file met on a walk: where it is, its name relative to the walk's root ({@code .} for a root directory, its
 * own name for a root file) and how deep it lies below the root; then either its attributes (with the target of a
 * symbolic link) or why they could not be read.
 */
record Entry(Path path, String relative, int depth, FileAttributes attributes, String link, String error) {
    static Entry of(Path path, String relative, int depth, FileAttributes attributes, String link) {
        return new Entry(path, relative, depth, attributes, link, null);
    }

    static Entry failed(Path path, String relative, int depth, Exception cause) {
        return new Entry(path, relative, depth, null, null, describe(cause));
    }

    boolean failed() {
        return error != null;
    }

    boolean isDirectory() {
        return attributes != null && attributes.isDirectory();
    }

    /** An I/O failure as a person reads it: the file, then what went wrong, in the C library's lower-case words. */
    static String describe(Exception e) {
        return switch (e) {
            case AccessDeniedException a -> a.getFile() + ": permission denied";
            case NoSuchFileException n -> n.getFile() + ": no such file or directory";
            case FileSystemException f when f.getReason() != null -> f.getFile() + ": " + lower(f.getReason());
            default -> e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        };
    }

    private static String lower(String reason) {
        return reason.isEmpty() ? reason : Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
    }
}
