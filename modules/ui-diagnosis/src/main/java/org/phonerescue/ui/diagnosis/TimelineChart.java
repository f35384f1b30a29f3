package org.phonerescue.ui.diagnosis;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.jfree.chart.ChartMouseEvent;
import org.jfree.chart.ChartMouseListener;
import org.jfree.chart.ChartPanel;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.entity.XYItemEntity;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.phonerescue.core.session.RecoveryPhase;

/**
 * The timeline chart of a capture's recovery: seconds from the first packet across, a row per
 * device down, each recovery attempt's phases as bars (address, handshake, download, silence,
 * reappearance) and the moments that tell the story as dots. A tooltip says what a bar or dot is;
 * a click hands its frame to {@code onFrame} (the packet list selects it).
 */
final class TimelineChart {

    /** Half the height of a bar, in rows. */
    private static final double BAR_HALF_HEIGHT = 0.3;
    /** A phase shorter than this still shows as a sliver (seconds). */
    private static final double MIN_BAR_SECONDS = 0.05;

    private static final Map<RecoveryPhase.Kind, Color> PHASE_COLOURS = new EnumMap<>(Map.of(
            RecoveryPhase.Kind.ADDRESS, new Color(0x8fb4d9),
            RecoveryPhase.Kind.HANDSHAKE, new Color(0xc39bd3),
            RecoveryPhase.Kind.DOWNLOAD, new Color(0x4a7fbf),
            RecoveryPhase.Kind.SILENCE, new Color(0xd5d8dc),
            RecoveryPhase.Kind.REAPPEARANCE, new Color(0x7dcea0)));
    private static final Map<RecoveryTimeline.MarkKind, Color> MARK_COLOURS = new EnumMap<>(Map.of(
            RecoveryTimeline.MarkKind.REQUEST, new Color(0x1f3a93),
            RecoveryTimeline.MarkKind.COMPLETE, new Color(0x1b6e20),
            RecoveryTimeline.MarkKind.FAILED, new Color(0xb00020),
            RecoveryTimeline.MarkKind.CALL_CONTROL, new Color(0x117a65),
            RecoveryTimeline.MarkKind.OTHER, new Color(0x7f8c8d)));

    private TimelineChart() {
    }

    /** The chart of {@code timeline}, with the frame of each series' items in the same order. */
    record Built(JFreeChart chart, List<List<Long>> barFrames, List<List<Long>> markFrames) {
    }

    static Built build(RecoveryTimeline timeline) {
        XYIntervalSeriesCollection phases = new XYIntervalSeriesCollection();
        List<List<Long>> barFrames = new ArrayList<>();
        List<Color> phasePaints = new ArrayList<>();
        List<List<String>> barTips = new ArrayList<>();
        for (RecoveryPhase.Kind kind : RecoveryPhase.Kind.values()) {
            List<RecoveryTimeline.Bar> of = timeline.bars().stream().filter(b -> b.kind() == kind).toList();
            if (of.isEmpty()) {
                continue;
            }
            XYIntervalSeries series = new XYIntervalSeries(kind.label(), false, true);
            List<Long> frames = new ArrayList<>();
            List<String> tips = new ArrayList<>();
            for (RecoveryTimeline.Bar b : of) {
                double end = Math.max(b.end(), b.start() + MIN_BAR_SECONDS);
                series.add(b.start(), b.start(), end, b.row(), b.row() - BAR_HALF_HEIGHT, b.row() + BAR_HALF_HEIGHT);
                frames.add(b.frame());
                tips.add(b.text());
            }
            phases.addSeries(series);
            barFrames.add(frames);
            barTips.add(tips);
            phasePaints.add(PHASE_COLOURS.get(kind));
        }
        XYSeriesCollection moments = new XYSeriesCollection();
        List<List<Long>> markFrames = new ArrayList<>();
        List<List<String>> markTips = new ArrayList<>();
        List<Color> markPaints = new ArrayList<>();
        for (RecoveryTimeline.MarkKind kind : RecoveryTimeline.MarkKind.values()) {
            List<RecoveryTimeline.Mark> of = timeline.marks().stream().filter(m -> m.kind() == kind).toList();
            if (of.isEmpty()) {
                continue;
            }
            // several marks may share a time and row (a DATA burst): the series must keep them all
            XYSeries series = new XYSeries(kind.label, false, true);
            List<Long> frames = new ArrayList<>();
            List<String> tips = new ArrayList<>();
            for (RecoveryTimeline.Mark m : of) {
                series.add(m.time(), m.row() + kind.offset);
                frames.add(m.frame());
                tips.add(m.text());
            }
            moments.addSeries(series);
            markFrames.add(frames);
            markTips.add(tips);
            markPaints.add(MARK_COLOURS.get(kind));
        }

        NumberAxis time = new NumberAxis("seconds from the first packet");
        time.setAutoRangeIncludesZero(true);
        SymbolAxis devices = new SymbolAxis(null, timeline.rows().toArray(String[]::new));
        devices.setInverted(true); // first device at the top
        devices.setGridBandsVisible(false);
        XYBarRenderer bars = new XYBarRenderer();
        bars.setUseYInterval(true);
        bars.setBarPainter(new StandardXYBarPainter());
        bars.setShadowVisible(false);
        bars.setDrawBarOutline(false);
        for (int i = 0; i < phasePaints.size(); i++) {
            bars.setSeriesPaint(i, phasePaints.get(i));
        }
        bars.setDefaultToolTipGenerator((dataset, series, item) -> barTips.get(series).get(item));
        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        for (int i = 0; i < markPaints.size(); i++) {
            dots.setSeriesPaint(i, markPaints.get(i));
            dots.setSeriesShape(i, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
            dots.setSeriesOutlineStroke(i, new BasicStroke(0.5f));
        }
        dots.setDefaultToolTipGenerator((dataset, series, item) -> markTips.get(series).get(item));

        XYPlot plot = new XYPlot();
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setDomainAxis(time);
        plot.setRangeAxis(devices);
        // dots over bars: dataset 0 is drawn last with the default (reverse) rendering order
        plot.setDataset(0, moments);
        plot.setRenderer(0, dots);
        plot.setDataset(1, phases);
        plot.setRenderer(1, bars);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinesVisible(false);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return new Built(chart, barFrames, markFrames);
    }

    /** A panel showing the chart, where a click on a bar or dot hands its frame to {@code onFrame}. */
    static ChartPanel panel(Built built, LongConsumer onFrame) {
        ChartPanel panel = new ChartPanel(built.chart(), false, true, false, true, true);
        panel.setMouseWheelEnabled(true);
        panel.addChartMouseListener(new ChartMouseListener() {
            @Override
            public void chartMouseClicked(ChartMouseEvent event) {
                long frame = frameOf(built, event.getEntity() instanceof XYItemEntity item ? item : null);
                if (frame > 0) {
                    onFrame.accept(frame);
                }
            }

            @Override
            public void chartMouseMoved(ChartMouseEvent event) {
                // tooltips come from the renderers
            }
        });
        return panel;
    }

    /** The frame of a chart item, or -1. */
    static long frameOf(Built built, XYItemEntity item) {
        if (item == null) {
            return -1;
        }
        XYDataset dataset = item.getDataset();
        List<List<Long>> frames = dataset instanceof XYIntervalSeriesCollection ? built.barFrames() : built.markFrames();
        return frames.get(item.getSeriesIndex()).get(item.getItem());
    }
}
