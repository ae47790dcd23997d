package org.oncofhir.build;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The small images the HL7 element tables refer to (tree lines and element-kind icons). The core library writes
 * only the row backgrounds itself and ships none of the others, so they are drawn here, for every image a written
 * page refers to and the output lacks; the pages work offline.
 */
final class TableImages {

    private static final Pattern LOCAL_IMAGE = Pattern.compile("src=\"([A-Za-z0-9_\\-]+\\.(?:png|gif))\"");

    /**
     * Colour of each element-kind icon; other kinds are grey. Shapes only, no lettering: text would need fonts,
     * which a headless build machine may not have.
     */
    private static final Map<String, Color> ICONS = Map.of(
            "element", new Color(0x3a6ea5),
            "datatype", new Color(0x2e8b57),
            "primitive", new Color(0x8b6914),
            "reference", new Color(0x8a2be2),
            "resource", new Color(0xb22222),
            "choice", new Color(0xe08e0b),
            "fixed", new Color(0x555555),
            "extension_simple", new Color(0x1e90ff),
            "modifier_extension_simple", new Color(0xc71585),
            "slice", new Color(0x888888));

    private TableImages() {}

    static void write(Path pages) throws IOException {
        Set<String> wanted = new TreeSet<>();
        try (Stream<Path> files = Files.list(pages)) {
            for (Path page : files.filter(p -> p.toString().endsWith(".html")).toList()) {
                Matcher m = LOCAL_IMAGE.matcher(Files.readString(page));
                while (m.find()) {
                    wanted.add(m.group(1));
                }
            }
        }
        for (String name : wanted) {
            Path file = pages.resolve(name);
            if (!Files.exists(file)) {
                draw(name, file);
            }
        }
    }

    private static void draw(String name, Path file) throws IOException {
        try (InputStream shipped = TableImages.class.getClassLoader().getResourceAsStream(name)) {
            if (shipped != null) {
                Files.copy(shipped, file);
                return;
            }
        }
        String base = name.substring(0, name.lastIndexOf('.'));
        BufferedImage image = base.startsWith("tbl_") ? treeLine(base) : icon(base);
        String format = name.endsWith(".gif") ? "gif" : "png";
        if (!ImageIO.write(image, format, file.toFile())) {
            throw new UncheckedIOException(new IOException("No image writer for " + name));
        }
    }

    /** The tree connectors of a 16×22 table cell: a vertical line, a join to the right, or nothing. */
    private static BufferedImage treeLine(String base) {
        BufferedImage image = new BufferedImage(16, 22, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1));
        boolean join = base.startsWith("tbl_vjoin");
        boolean end = base.contains("_end");
        if (base.startsWith("tbl_vline") || join) {
            g.drawLine(7, 0, 7, end ? 11 : 21);
        }
        if (join) {
            g.drawLine(7, 11, 15, 11);
        }
        g.dispose();
        return image;
    }

    private static BufferedImage icon(String base) {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(ICONS.getOrDefault(base.replaceFirst("^icon_", ""), Color.GRAY));
        g.fillRoundRect(2, 2, 12, 12, 4, 4);
        g.dispose();
        return image;
    }
}
