package dev.parley.app.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileNamesTest {

    @Test
    void peerNamesBecomeOnePlainName() {
        assertThat(FileNames.sanitize("../../etc/passwd")).isEqualTo("_.._etc_passwd");
        assertThat(FileNames.sanitize("/etc/shadow")).isEqualTo("_etc_shadow");
        assertThat(FileNames.sanitize("C:\\Windows\\system32\\x.dll")).isEqualTo("C__Windows_system32_x.dll");
        assertThat(FileNames.sanitize("..")).isEqualTo("file");
        assertThat(FileNames.sanitize("")).isEqualTo("file");
        assertThat(FileNames.sanitize(null)).isEqualTo("file");
        assertThat(FileNames.sanitize(".bashrc")).isEqualTo("bashrc");
        assertThat(FileNames.sanitize("a\u0000b\nc\u007f.txt")).isEqualTo("abc.txt");
        assertThat(FileNames.sanitize("invoice\u202Egpj.exe")).isEqualTo("invoicegpj.exe");
        assertThat(FileNames.sanitize("report. ")).isEqualTo("report");
        assertThat(FileNames.sanitize("what?<>|*.txt")).isEqualTo("what_____.txt");
        assertThat(FileNames.sanitize("照片 2024.jpg")).isEqualTo("照片 2024.jpg");
    }

    @Test
    void reservedDeviceNamesAreDefused() {
        assertThat(FileNames.sanitize("CON")).isEqualTo("_CON");
        assertThat(FileNames.sanitize("nul.txt")).isEqualTo("_nul.txt");
        assertThat(FileNames.sanitize("com1.tar.gz")).isEqualTo("com1.tar.gz");
        assertThat(FileNames.sanitize("LPT9.log")).isEqualTo("_LPT9.log");
        assertThat(FileNames.sanitize("console.txt")).isEqualTo("console.txt");
    }

    @Test
    void longNamesAreCutKeepingTheExtension() {
        String name = FileNames.sanitize("页".repeat(300) + ".pdf");
        assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(FileNames.MAX_BYTES);
        assertThat(name).endsWith(".pdf").startsWith("页页");
    }

    @Test
    void nothingIsOverwritten(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.txt"), "first");
        Files.writeString(dir.resolve("a (1).txt"), "second");
        assertThat(FileNames.unique(dir, "a.txt")).isEqualTo(dir.resolve("a (2).txt"));
        Path partial = Files.writeString(dir.resolve("a.txt.1234.part"), "third");
        Path placed = FileNames.moveIntoPlace(partial, dir.resolve("a.txt"));
        assertThat(placed).isEqualTo(dir.resolve("a (2).txt"));
        assertThat(Files.readString(dir.resolve("a.txt"))).isEqualTo("first");
        assertThat(Files.readString(placed)).isEqualTo("third");
        assertThat(partial).doesNotExist();
    }
}
