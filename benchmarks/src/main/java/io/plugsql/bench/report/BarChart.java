package io.plugsql.bench.report;

import static java.util.Objects.requireNonNull;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Renders labelled values as horizontal bars on a log10 axis into a PNG file (headless Java2D). */
final class BarChart {
    private static final int WIDTH = 1100;
    private static final int ROW_HEIGHT = 26;
    private static final int LABEL_WIDTH = 420;
    private static final int MARGIN = 24;
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd)
    };

    /** One bar: its label, its value (must be positive) and a group index that picks its colour. */
    record Bar(String label, double value, int group) {
        Bar {
            requireNonNull(label, "label is null");
            if (!(value > 0)) {
                throw new IllegalArgumentException("bar '" + label + "' needs a positive value, got " + value);
            }
        }
    }

    private BarChart() {}

    static void write(String title, String unit, List<Bar> bars, Path png) throws IOException {
        if (bars.isEmpty()) {
            throw new IllegalArgumentException("no bars to draw for " + title);
        }
        int plotTop = MARGIN * 3;
        int height = plotTop + bars.size() * ROW_HEIGHT + MARGIN * 3;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(title, MARGIN, MARGIN + 8);

            double min = bars.stream().mapToDouble(Bar::value).min().orElseThrow();
            double max = bars.stream().mapToDouble(Bar::value).max().orElseThrow();
            double lowDecade = Math.floor(Math.log10(min));
            double highDecade = Math.max(lowDecade + 1, Math.ceil(Math.log10(max)));
            int plotLeft = LABEL_WIDTH;
            int plotWidth = WIDTH - LABEL_WIDTH - MARGIN * 4;
            int plotBottom = plotTop + bars.size() * ROW_HEIGHT;

            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (double decade = lowDecade; decade <= highDecade; decade++) {
                int x = plotLeft + (int) ((decade - lowDecade) / (highDecade - lowDecade) * plotWidth);
                g.setColor(new Color(0xdddddd));
                g.setStroke(new BasicStroke(1));
                g.drawLine(x, plotTop - 4, x, plotBottom);
                g.setColor(Color.DARK_GRAY);
                g.drawString(formatValue(Math.pow(10, decade)), x - 10, plotBottom + 16);
            }
            g.drawString(unit + " (log scale)", plotLeft, plotBottom + 36);

            for (int i = 0; i < bars.size(); i++) {
                Bar bar = bars.get(i);
                int y = plotTop + i * ROW_HEIGHT;
                double fraction = (Math.log10(bar.value()) - lowDecade) / (highDecade - lowDecade);
                int barWidth = Math.max(2, (int) (fraction * plotWidth));
                g.setColor(PALETTE[Math.floorMod(bar.group(), PALETTE.length)]);
                g.fillRect(plotLeft, y + 4, barWidth, ROW_HEIGHT - 8);
                g.setColor(Color.BLACK);
                g.drawString(bar.label(), MARGIN, y + ROW_HEIGHT - 9);
                g.drawString(formatValue(bar.value()), plotLeft + barWidth + 6, y + ROW_HEIGHT - 9);
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", png.toFile());
    }

    static String formatValue(double value) {
        if (value >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (value >= 1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
