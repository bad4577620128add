/**
 * The state graph: the engine's state table drawn as nodes and edges, the current state and what may be done now
 * lit, the moves just made traced, and a click on an edge taking its step.
 */
package org.smtpexplorer.ui.state;
