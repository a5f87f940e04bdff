import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Toolkit;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Saves the whole X display as a PNG: {@code java Screenshot.java OUT.png}. Used by prove-deb.sh, so
 * the proof needs no image tools beyond the JDK. Prints how many distinct colours the picture has,
 * which tells a painted window from a blank screen.
 */
public class Screenshot {
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java Screenshot.java OUT.png");
            System.exit(2);
        }
        Rectangle screen = new Rectangle(Toolkit.getDefaultToolkit().getScreenSize());
        BufferedImage shot = new Robot().createScreenCapture(screen);
        ImageIO.write(shot, "png", new File(args[0]));
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < shot.getHeight(); y += 2) {
            for (int x = 0; x < shot.getWidth(); x += 2) {
                colours.add(shot.getRGB(x, y));
            }
        }
        System.out.println(screen.width + "x" + screen.height + " " + colours.size() + " colours");
    }
}
