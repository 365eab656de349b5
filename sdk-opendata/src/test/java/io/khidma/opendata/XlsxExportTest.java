package io.khidma.opendata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** XLSX exports read back by POI's own reader: typed cells, Arabic text, and the sheet's direction. */
class XlsxExportTest {

    static PublishedTransactions data;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        data = new PublishedTransactions(2_000, 9);
    }

    @AfterAll
    static void stop() {
        data.close();
    }

    @Test
    void everyRowComesBackWithTypedCellsOnARightToLeftSheet() throws Exception {
        var file = dir.resolve("all.xlsx");
        data.consumer.download(data.id, DownloadFormat.XLSX, file, ProgressListener.NONE);

        try (var workbook = new XSSFWorkbook(file.toFile())) {
            assertThat(workbook.getNumberOfSheets()).isEqualTo(1);
            var sheet = workbook.getSheetAt(0);
            assertThat(sheet.getSheetName()).isEqualTo("البيانات");
            assertThat(sheet.isRightToLeft()).isTrue();
            var header = new ArrayList<String>();
            sheet.getRow(0).forEach(cell -> header.add(cell.getStringCellValue()));
            assertThat(header).containsExactly("id", "date", "at", "emirate", "channel", "fee", "minutes");
            assertThat(sheet.getLastRowNum()).isEqualTo(data.rows.size());
            for (int i = 0; i < data.rows.size(); i++) {
                var want = data.rows.get(i);
                var row = sheet.getRow(i + 1);
                assertThat(row.getCell(0).getNumericCellValue()).isEqualTo(want.id());
                assertThat(DateUtil.isCellDateFormatted(row.getCell(1))).isTrue();
                assertThat(row.getCell(1).getLocalDateTimeCellValue().toLocalDate())
                        .isEqualTo(want.date());
                assertThat(row.getCell(2).getLocalDateTimeCellValue())
                        .isEqualTo(
                                want.at().withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
                assertThat(row.getCell(3).getCellType()).isEqualTo(CellType.STRING);
                assertThat(row.getCell(3).getStringCellValue()).isEqualTo(want.emirate());
                if (want.fee() == null) {
                    assertThat(row.getCell(5)).isNull();
                } else {
                    assertThat(row.getCell(5).getNumericCellValue())
                            .isEqualTo(want.fee().doubleValue());
                }
                if (want.minutes() == null) {
                    assertThat(row.getCell(6)).isNull();
                } else {
                    assertThat(row.getCell(6).getNumericCellValue())
                            .isEqualTo(want.minutes().doubleValue());
                }
            }
        }
    }

    @Test
    void inEnglishTheSheetReadsLeftToRightAndARangeIsAnsweredWhole() throws Exception {
        var response = data.fixture.send(
                data.fixture
                        .request("/datasets/" + data.id + "/export?format=xlsx&lang=en&filter=channel:eq:kiosk", null)
                        .header("Range", "bytes=100-")
                        .header("Accept-Encoding", "gzip")
                        .GET(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Accept-Ranges")).hasValue("none");
        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow())
                .endsWith(".xlsx\"");
        try (var workbook = new XSSFWorkbook(new ByteArrayInputStream(response.body()))) {
            var sheet = workbook.getSheetAt(0);
            assertThat(sheet.getSheetName()).isEqualTo("Data");
            assertThat(sheet.isRightToLeft()).isFalse();
            assertThat(sheet.getLastRowNum()).isEqualTo((int)
                    data.rows.stream().filter(r -> r.channel().equals("kiosk")).count());
        }
    }
}
