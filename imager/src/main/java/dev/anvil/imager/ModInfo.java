package dev.anvil.imager;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A kernel module's {@code .modinfo} ELF section: NUL-separated {@code key=value} strings ({@code depends=a,b},
 * {@code alias=pci:v...}). Debian's kernel package ships no modules.dep or modules.alias (depmod makes them when the
 * package is installed); the imager writes both from this for the modules it ships, so it needs no depmod.
 */
record ModInfo(List<String> depends, List<String> aliases) {
    private static final int SHT_SIZE = 64;

    static ModInfo read(Path module) throws IOException {
        ByteBuffer elf = ByteBuffer.wrap(Files.readAllBytes(module)).order(ByteOrder.LITTLE_ENDIAN);
        if (elf.getInt(0) != 0x464c457f || elf.get(4) != 2) {
            throw new IOException(module + " is not a 64-bit ELF file");
        }
        long sectionTable = elf.getLong(0x28);
        int count = elf.getShort(0x3c) & 0xffff;
        int namesIndex = elf.getShort(0x3e) & 0xffff;
        long namesOffset = elf.getLong((int) (sectionTable + (long) namesIndex * SHT_SIZE + 0x18));
        for (int i = 0; i < count; i++) {
            int header = (int) (sectionTable + (long) i * SHT_SIZE);
            String name = cString(elf, (int) (namesOffset + elf.getInt(header)));
            if (name.equals(".modinfo")) {
                int offset = (int) elf.getLong(header + 0x18);
                int size = (int) elf.getLong(header + 0x20);
                return parse(new String(elf.array(), offset, size, StandardCharsets.UTF_8));
            }
        }
        return new ModInfo(List.of(), List.of());
    }

    static ModInfo parse(String section) {
        List<String> depends = new ArrayList<>();
        List<String> aliases = new ArrayList<>();
        for (String entry : section.split("\0")) {
            if (entry.startsWith("depends=")) {
                for (String d : entry.substring("depends=".length()).split(",")) {
                    if (!d.isBlank()) {
                        depends.add(d.trim());
                    }
                }
            } else if (entry.startsWith("alias=")) {
                aliases.add(entry.substring("alias=".length()));
            }
        }
        return new ModInfo(List.copyOf(depends), List.copyOf(aliases));
    }

    private static String cString(ByteBuffer buffer, int at) {
        int end = at;
        while (buffer.get(end) != 0) {
            end++;
        }
        return new String(buffer.array(), at, end - at, StandardCharsets.US_ASCII);
    }
}
