using FaceAlign3D.Training.Config;

namespace FaceAlign3D.Training.Trainer;

/// <summary>Learning rate at a fractional epoch: linear warm-up, then cosine to 0, steps by gamma at milestones, or constant.</summary>
public static class LearningRateSchedule
{
    public static double At(ScheduleSection schedule, double baseRate, double epoch, int totalEpochs)
    {
        if (schedule.WarmupEpochs > 0 && epoch < schedule.WarmupEpochs)
            return baseRate * (epoch + 1e-3) / schedule.WarmupEpochs;
        return schedule.Kind switch
        {
            "cosine" => baseRate * 0.5 * (1 + Math.Cos(Math.PI * Math.Clamp((epoch - schedule.WarmupEpochs) / Math.Max(totalEpochs - schedule.WarmupEpochs, 1e-9), 0, 1))),
            "step" => baseRate * Math.Pow(schedule.Gamma, schedule.Milestones.Count(m => epoch >= m)),
            _ => baseRate,
        };
    }
}
