package dev.anvil.ctl.files;

/**
 * FileInfo.mode, which holds Go's os.FileMode bits, written as Go writes it (and so as talosctl ls -l shows it):
 * a letter for each type or special bit set ("d" directory, "L" symbolic link, "D" device, "c" character device,
 * "p" named pipe, "S" socket, "u" setuid, "g" setgid, "t" sticky...), "-" when none is, then rwxrwxrwx.
 */
public final class FileModes {
    /** The letters of bits 31 down to 19. */
    private static final String LETTERS = "dalTLDpSugct?";
    private static final String PERMISSIONS = "rwxrwxrwx";

    private FileModes() {
    }

    public static String string(int mode) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < LETTERS.length(); i++) {
            if ((mode & (1 << (31 - i))) != 0) {
                text.append(LETTERS.charAt(i));
            }
        }
        if (text.isEmpty()) {
            text.append('-');
        }
        for (int i = 0; i < PERMISSIONS.length(); i++) {
            text.append((mode & (1 << (8 - i))) != 0 ? PERMISSIONS.charAt(i) : '-');
        }
        return text.toString();
    }
}
