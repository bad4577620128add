package org.smtpexplorer;

public final class Launcher {
    public static void main(String[] args) {
        System.out.println("SMTP Explorer");
    }
}
