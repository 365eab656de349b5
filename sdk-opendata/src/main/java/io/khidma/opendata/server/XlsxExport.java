package io.khidma.opendata.server;

import io.khidma.opendata.model.TableSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * Writes an export as an Excel workbook with POI's streaming writer: a header row in bold, frozen,
 * then one row per record with typed cells (text, numbers, booleans, dates as dates, datetimes as
 * UTC date-times). Text cells are only ever text, never formulas, so nothing needs neutralising.
 *
 * <p>In Arabic the sheet reads right to left and is named {@code البيانات}; in English, left to
 * right and {@code Data}. A sheet holds at most {@value #ROWS_PER_SHEET} records; more continue on
 * the next sheet, with the header again. POI keeps {@value #WINDOW} rows in memory and the rest in
 * a compressed temporary file, removed when the workbook is written.
 */
final class XlsxExport implements ExportFormat.RowWriter {

    /** Excel's 1,048,576 rows a sheet, less the header. */
    static final int ROWS_PER_SHEET = 1_048_575;

    private static final int WINDOW = 200;

    private final TableSchema schema;
    private final boolean arabic;
    private final OutputStream out;
    private final SXSSFWorkbook workbook = new SXSSFWorkbook(WINDOW);
    private final CellStyle header;
    private final CellStyle date;
    private final CellStyle dateTime;
    private SXSSFSheet sheet;
    private int sheets;
    private int row;

    XlsxExport(TableSchema schema, boolean arabic, OutputStream out) {
        this.schema = schema;
        this.arabic = arabic;
        this.out = out;
        workbook.setCompressTempFiles(true);
        Font bold = workbook.createFont();
        bold.setBold(true);
        header = workbook.createCellStyle();
        header.setFont(bold);
        var formats = workbook.getCreationHelper().createDataFormat();
        date = workbook.createCellStyle();
        date.setDataFormat(formats.getFormat("yyyy-mm-dd"));
        dateTime = workbook.createCellStyle();
        dateTime.setDataFormat(formats.getFormat("yyyy-mm-dd hh:mm:ss"));
    }

    @Override
    public void start() {
        newSheet();
    }

    private void newSheet() {
        sheets++;
        var name = (arabic ? "البيانات" : "Data") + (sheets > 1 ? " " + sheets : "");
        sheet = workbook.createSheet(name);
        sheet.setRightToLeft(arabic);
        sheet.createFreezePane(0, 1);
        var names = sheet.createRow(0);
        for (int i = 0; i < schema.fields().size(); i++) {
            var cell = names.createCell(i);
            cell.setCellValue(schema.fields().get(i).name());
            cell.setCellStyle(header);
        }
        row = 0;
    }

    @Override
    public void row(List<Object> values) {
        if (row == ROWS_PER_SHEET) {
            newSheet();
        }
        var cells = sheet.createRow(++row);
        for (int i = 0; i < values.size(); i++) {
            var value = values.get(i);
            if (value == null) {
                continue;
            }
            var cell = cells.createCell(i);
            switch (schema.fields().get(i).type()) {
                case STRING -> cell.setCellValue((String) value);
                case INTEGER, NUMBER, YEAR -> cell.setCellValue(Double.parseDouble((String) value));
                case BOOLEAN -> cell.setCellValue((Boolean) value);
                case DATE -> {
                    cell.setCellValue(LocalDate.parse((String) value));
                    cell.setCellStyle(date);
                }
                case DATETIME -> {
                    cell.setCellValue(((OffsetDateTime) value)
                            .withOffsetSameInstant(ZoneOffset.UTC)
                            .toLocalDateTime());
                    cell.setCellStyle(dateTime);
                }
            }
        }
    }

    @Override
    public void finish() throws IOException {
        try {
            workbook.write(out);
            out.flush();
        } finally {
            workbook.close();
        }
    }
}
