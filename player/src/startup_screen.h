// The screen before an input's first picture: the window (opened at once when there is one)
// shows the phase the opening is in, the terminal's status line the same text, and the viewer
// can leave (q, Esc, closing the window, `quit` on --input-file) in every phase.
#pragma once

#include "swarmtv/player/player.h"
#include "swarmtv/player/startup_phase.h"

namespace swarmtv::player {

class StartupScreen {
 public:
  // Opens the player's window unless it is open (the SDL output only; headless nothing).
  explicit StartupScreen(Player& player);
  ~StartupScreen();  // clears the status line
  StartupScreen(const StartupScreen&) = delete;
  StartupScreen& operator=(const StartupScreen&) = delete;

  // Takes the window's events and the posted commands: true once the viewer asked to quit (or
  // PlayerOptions::interrupted was triggered). Other keys and commands are dropped.
  bool quit_requested();
  // Draws `phase` (and tells PlayerOptions::osd_observer) when it changed or the window needs
  // it, and puts it on the status line.
  void show(const StartupPhase& phase);
  // Waits up to `seconds` for an event or a command.
  void wait(double seconds);
  // The highest buffering percentage shown (0 if none).
  int percent_shown() const { return percent_shown_; }

 private:
  Player& player_;
  StartupPhase shown_;
  bool drawn_ = false;
  bool redraw_ = false;
  bool printed_ = false;
  int percent_shown_ = 0;
};

}  // namespace swarmtv::player
