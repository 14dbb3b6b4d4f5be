package dev.anvil.machined.server.files;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Walks a tree depth first, as Go's filepath.Walk that Talos uses: a directory before its entries, entries in
 * the order of their names, symbolic links never followed. A file whose attributes cannot be read, or a directory
 * that cannot be listed (after its own entry), is met as a failed {@link Entry}, and the walk goes on. Only what
 * the {@link Roots} show is met.
 *
 * <p>{@code maxDepth} bounds how deep the walk goes below its start: entries at depth 1 are the start's own, and a
 * directory at {@code maxDepth} or deeper is met but not entered (the start is always entered); negative: no bound.
 */
final class Walker {
    /** Meets the entries; either method may end the walk by throwing InterruptedException. */
    interface Visitor {
        void visit(Entry entry) throws InterruptedException;

        /** After a visited directory's entries. */
        default void leave(Entry directory) throws InterruptedException {
        }
    }

    private final Roots roots;
    private final int maxDepth;

    Walker(Roots roots, int maxDepth) {
        this.roots = roots;
        this.maxDepth = maxDepth;
    }

    /** Walks from a real path; {@code skipStart} leaves out the start's own entry when it is a directory. */
    void walk(Path start, boolean skipStart, Visitor visitor) throws InterruptedException {
        Entry entry;
        try {
            FileAttributes attributes = FileAttributes.of(start);
            String name = attributes.isDirectory() || start.getFileName() == null ? "."
                    : start.getFileName().toString();
            entry = Entry.of(start, name, 0, attributes, null);
        } catch (IOException e) {
            visitor.visit(Entry.failed(start, ".", 0, e));
            return;
        }
        if (!entry.isDirectory()) {
            visitor.visit(entry);
            return;
        }
        if (!skipStart) {
            visitor.visit(entry);
        }
        enter(entry, visitor);
        if (!skipStart) {
            visitor.leave(entry);
        }
    }

    private void enter(Entry directory, Visitor visitor) throws InterruptedException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> list = Files.newDirectoryStream(directory.path())) {
            for (Path child : list) {
                if (roots.visible(child)) {
                    children.add(child);
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            visitor.visit(Entry.failed(directory.path(), directory.relative(), directory.depth(),
                    e instanceof DirectoryIteratorException d ? d.getCause() : (Exception) e));
            return;
        }
        children.sort(Comparator.comparing(child -> child.getFileName().toString()));
        int depth = directory.depth() + 1;
        for (Path child : children) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("the walk was cancelled");
            }
            String relative = directory.depth() == 0 ? child.getFileName().toString()
                    : directory.relative() + "/" + child.getFileName();
            Entry entry = entry(child, relative, depth);
            visitor.visit(entry);
            if (entry.isDirectory()) {
                if (maxDepth < 0 || depth < maxDepth) {
                    enter(entry, visitor);
                }
                visitor.leave(entry);
            }
        }
    }

    private static Entry entry(Path path, String relative, int depth) {
        try {
            FileAttributes attributes = FileAttributes.of(path);
            String link = attributes.isSymlink() ? Files.readSymbolicLink(path).toString() : null;
            return Entry.of(path, relative, depth, attributes, link);
        } catch (IOException e) {
            return Entry.failed(path, relative, depth, e);
        }
    }
}
