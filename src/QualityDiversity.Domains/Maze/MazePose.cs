namespace QualityDiversity.Domains.Maze;

/// <summary>
/// Position and orientation of the maze robot: centre <c>(X, Y)</c> and heading in radians,
/// counter-clockwise from the +x axis (y points up), kept in <c>[-π, π)</c> by the simulator.
/// </summary>
/// <param name="X">Centre, x.</param>
/// <param name="Y">Centre, y.</param>
/// <param name="Heading">Direction the robot faces, radians counter-clockwise from +x.</param>
public readonly record struct MazePose(double X, double Y, double Heading);
