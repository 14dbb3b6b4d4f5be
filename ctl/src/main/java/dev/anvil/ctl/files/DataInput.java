package dev.anvil.ctl.files;

import com.google.protobuf.ByteString;
import dev.anvil.api.common.Data;

import java.io.InputStream;
import java.util.Iterator;

/**
 * The bytes of a stream of Data messages (what Read and Copy send) as an InputStream. A call that fails throws its
 * StatusRuntimeException from read, once the bytes before the failure have been read.
 */
public final class DataInput extends InputStream {
    private final Iterator<Data> messages;
    private ByteString chunk = ByteString.EMPTY;
    private int position;

    public DataInput(Iterator<Data> messages) {
        this.messages = messages;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        while (position == chunk.size()) {
            if (!messages.hasNext()) {
                return -1;
            }
            chunk = messages.next().getBytes();
            position = 0;
        }
        int n = Math.min(length, chunk.size() - position);
        chunk.copyTo(bytes, position, offset, n);
        position += n;
        return n;
    }

    /**
     * Reads to the end of the call, for a reader that stops where its format ends (a tar archive's end): a failure
     * the node reports after the data is thrown here.
     */
    public void drain() {
        while (read(new byte[8192], 0, 8192) >= 0) {
            // the bytes after the format's end are not wanted, only how the call ends
        }
    }
}
