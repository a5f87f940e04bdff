/** The Settings page: the form over the settings file, and the theme switch. */
package dev.cairn.ui.settings;
